import { NestFactory } from '@nestjs/core';
import { ValidationPipe } from '@nestjs/common';
import { AppModule } from './app.module';

export async function unvalidated() {
  // ruleid: js-nest-no-validation-pipe
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
