import type { Container } from 'inversify';

/** Demo data of this context for one demo centre (STUB). Runs once per centre on a fresh demo database. */
export async function seedDemoPayouts(_container: Container, _slug: string): Promise<void> {}
