import { Body, Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { JwtAuthGuard } from '../auth/jwt.guard';

@Controller('notes')
export class NotesController {
  @UseGuards(JwtAuthGuard)
  @Get()
  list() {
    return [];
  }

  // ok: js-route-missing-auth
  @UseGuards(JwtAuthGuard)
  @Post()
  create(@Body() body: { title: string }) {
    return body;
  }

  // ruleid: js-route-missing-auth
  @Delete(':id')
  remove(@Param('id') id: string) {
    return { removed: id };
  }

  // ok: js-route-missing-auth
  @Post('login')
  login(@Body() body: { email: string }) {
    return body;
  }
}

@UseGuards(JwtAuthGuard)
@Controller('admin')
export class AdminController {
  // ok: js-route-missing-auth
  @Delete(':id')
  purge(@Param('id') id: string) {
    return { purged: id };
  }
}
