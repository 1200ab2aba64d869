import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

export async function open() {
  // ruleid: js-cors-wildcard
  const a = await NestFactory.create(AppModule, { cors: true });
  // ruleid: js-cors-wildcard
  const b = await NestFactory.create(AppModule, { cors: { origin: '*' } });
  // ok: js-cors-wildcard
  const c = await NestFactory.create(AppModule, { cors: { origin: ['https://app.example.org'] } });
  // ok: js-cors-wildcard
  const d = await NestFactory.create(AppModule);
  return [a, b, c, d];
}
