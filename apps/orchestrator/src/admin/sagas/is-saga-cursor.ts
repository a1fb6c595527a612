import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { decodeSagaCursor } from './saga-cursor';

@ValidatorConstraint({ name: 'isSagaCursor' })
export class IsSagaCursor implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && decodeSagaCursor(value) !== undefined;
  }

  defaultMessage(): string {
    return 'cursor must be the nextCursor of a previous page';
  }
}
