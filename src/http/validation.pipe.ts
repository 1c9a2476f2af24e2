import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { describeValidationErrors } from '../domain/catalogue/validate-details';

/** class-validator on every body and query DTO: unknown fields rejected, errors named by path. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(describeValidationErrors(errors, '').join('; ')),
  });
