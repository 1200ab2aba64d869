import { Controller, Get, Param, Query } from '@nestjs/common';

@Controller('greet')
export class GreetController {
  constructor(private readonly users: { find(name: string): Promise<object> }) {}

  @Get(':name')
  hello(@Param('name') name: string): string {
    // ruleid: js-xss-response
    return `<p>Hello ${name}</p>`;
  }

  @Get('lookup')
  lookup(@Query('name') name: string) {
    // ok: js-xss-response
    return this.users.find(name);
  }

  @Get('json')
  json(@Query('name') name: string) {
    // ok: js-xss-response
    return { greeting: 'Hello', name };
  }
}
