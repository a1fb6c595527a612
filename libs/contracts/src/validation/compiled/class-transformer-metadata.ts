import { TransformationType, type ClassConstructor } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer keeps its decorator records in a module it does not re-export from its
// index; plainToInstance reads this same instance, so reading it here sees what it sees.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage })
  .defaultMetadataStorage;

/** The class plainToInstance builds for `owner.property` (its `@Type`), if it has one. */
export function transformedTypeOf(
  owner: ClassConstructor<object>,
  property: string,
): ClassConstructor<object> | undefined {
  const metadata = storage.findTypeMetadata(owner, property);
  if (!metadata?.typeFunction) return undefined;
  return metadata.typeFunction() as ClassConstructor<object>;
}

/**
 * What plainToInstance would do to `owner.property` beyond copying it (or building its `@Type`
 * class): a transform, an exposed or excluded name, a discriminator, a Map or Set. Undefined
 * when it only copies.
 */
export function transformerExtras(owner: ClassConstructor<object>, property: string): string | undefined {
  if (storage.getStrategy(owner) !== 'none') return 'a class-level @Expose/@Exclude strategy';
  if (storage.getExposedMetadatas(owner).length > 0 || storage.getExcludedMetadatas(owner).length > 0) {
    return '@Expose/@Exclude';
  }
  if (storage.findTransformMetadatas(owner, property, TransformationType.PLAIN_TO_CLASS).length > 0)
    return '@Transform';
  const type = storage.findTypeMetadata(owner, property);
  if (type?.options?.discriminator) return 'a @Type discriminator';
  if (type?.reflectedType === Map || type?.reflectedType === Set) return 'a Map or Set';
  return undefined;
}
