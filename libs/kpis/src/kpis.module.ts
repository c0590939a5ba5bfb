import { Module } from '@nestjs/common';
import { KpisRepository } from './kpis.repository';
import { KpisService } from './kpis.service';

@Module({
  providers: [KpisRepository, KpisService],
  exports: [KpisService],
})
export class KpisModule {}
