/**
 * @peculiar/x509 registers its algorithms with tsyringe, and tsyringe refuses to load unless
 * `Reflect.getMetadata` exists (normally the `reflect-metadata` polyfill). The library's injectable
 * classes take no constructor arguments, so tsyringe only ever asks for metadata that is not there:
 * these three functions are all it needs, without another dependency. Import this module before
 * `@peculiar/x509`; a real polyfill, if one is ever loaded first, is left alone.
 */
const tables = new WeakMap<object, Map<unknown, unknown>>();
const reflect = Reflect as unknown as Record<string, unknown>;

if (typeof reflect.getMetadata !== 'function') {
  const own = (key: unknown, target: object) => tables.get(target)?.get(key);
  Object.assign(reflect, {
    defineMetadata(key: unknown, value: unknown, target: object) {
      let table = tables.get(target);
      if (!table) tables.set(target, (table = new Map()));
      table.set(key, value);
    },
    getOwnMetadata: own,
    getMetadata(key: unknown, target: object) {
      for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
        const value = own(key, t);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  });
}
