import { ActionBody } from './ledger';

/**
 * The seed episode (../shared/seeds/russia-japan-2022-03-22.txt): Japan's sanctions on Russia in
 * March 2022 and Russia's answer of 2022-03-21, with the earlier actions it undid, so there is
 * something to change, and Russia's entry ban on Japanese officials of 2022-05-04, so sanctions run
 * each way.
 */
const MOFA_RU = { url: 'https://mid.ru/en/', publisher: 'Ministry of Foreign Affairs of the Russian Federation' };
const MOFA_JP = { url: 'https://www.mofa.go.jp/', publisher: 'Ministry of Foreign Affairs of Japan' };

export const SEED_IDS = {
  talksOpened: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0001',
  visaGranted: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0002',
  jointEconomic: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0003',
  japanSanctions: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0004',
  talksTerminated: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0005',
  visaRevoked: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0006',
  jointEconomicTerminated: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0007',
  bsecTerminated: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0008',
  russianEntryBan: '0b4b7b0e-2f6e-4d1a-9d0b-3f1d2a6f0009',
};

export const JAPAN_MEASURES = [
  {
    kind: 'export_ban',
    description:
      'semiconductors, shipping and aviation safety equipment, means of communication, oil refining equipment',
    items: 300,
  },
  { kind: 'other', description: '49 companies and organisations', entities: ['Rosoboronexport', 'Rostec', 'FSB'] },
  { kind: 'asset_freeze', entities: ['VTB', 'Rossiya Bank'] },
  { kind: 'individual', entities: ['Vladimir Putin'] },
];

export const RUSSIAN_MEASURES = [{ kind: 'travel_ban', description: 'entry ban on Japanese officials', items: 63 }];

/** In the order they are recorded: not the order they occurred in. */
export const SEED_EPISODE: ActionBody[] = [
  {
    eventId: SEED_IDS.japanSanctions,
    type: 'SanctionsImposed',
    actor: 'JP',
    target: 'RU',
    occurredAt: '2022-03-08',
    details: { measures: JAPAN_MEASURES },
    summary: 'Japan bans exports of 300 items to Russia and freezes the assets of Russian banks and leaders',
    sources: [MOFA_JP],
  },
  {
    eventId: SEED_IDS.talksOpened,
    type: 'TalksOpened',
    actor: 'JP',
    target: 'RU',
    occurredAt: '2018-11-14',
    details: { track: 'peace-treaty' },
    summary: 'Abe and Putin agree to accelerate peace treaty talks on the basis of the 1956 declaration',
  },
  {
    eventId: SEED_IDS.visaGranted,
    type: 'VisaRegimeGranted',
    actor: 'RU',
    target: 'JP',
    occurredAt: '1999-09-02',
    details: { regime: 'visa-free-south-kurils' },
    summary: '"Simple travel" for former Japanese residents of the islands',
  },
  {
    eventId: SEED_IDS.jointEconomic,
    type: 'CooperationLaunched',
    actor: 'RU',
    target: 'JP',
    occurredAt: '2016-12-16',
    details: { framework: 'joint-economic-activities-south-kurils' },
  },
  {
    eventId: SEED_IDS.talksTerminated,
    type: 'TalksTerminated',
    actor: 'RU',
    target: 'JP',
    occurredAt: '2022-03-21',
    details: { track: 'peace-treaty' },
    summary: 'Russia has no intention of continuing peace treaty talks with Japan',
    sources: [{ ...MOFA_RU, publishedAt: '2022-03-21' }],
  },
  {
    eventId: SEED_IDS.visaRevoked,
    type: 'VisaRegimeRevoked',
    actor: 'RU',
    target: 'JP',
    occurredAt: '2022-03-21',
    details: { regime: 'visa-free-south-kurils' },
    sources: [{ ...MOFA_RU, publishedAt: '2022-03-21' }],
  },
  {
    eventId: SEED_IDS.jointEconomicTerminated,
    type: 'CooperationTerminated',
    actor: 'RU',
    target: 'JP',
    occurredAt: '2022-03-21',
    details: { framework: 'joint-economic-activities-south-kurils' },
    sources: [{ ...MOFA_RU, publishedAt: '2022-03-21' }],
  },
  {
    eventId: SEED_IDS.bsecTerminated,
    type: 'CooperationTerminated',
    actor: 'RU',
    target: 'JP',
    occurredAt: '2022-03-21',
    details: { framework: 'bsec-sectoral-dialogue-partnership' },
    summary: "Russia blocks the prolongation of Japan's status as a BSEC sectoral dialogue partner",
    sources: [{ ...MOFA_RU, publishedAt: '2022-03-21' }],
  },
  {
    eventId: SEED_IDS.russianEntryBan,
    type: 'SanctionsImposed',
    actor: 'RU',
    target: 'JP',
    occurredAt: '2022-05-04',
    details: { measures: RUSSIAN_MEASURES },
    summary: 'Russia bans entry to 63 Japanese officials and journalists, the Prime Minister among them',
    sources: [MOFA_RU],
  },
];
