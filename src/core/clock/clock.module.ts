// The one CLOCK of both processes (see clock.ts for which day it answers).
import { Global, Module } from '@nestjs/common';
import { CLOCK, SystemClock } from './clock';

@Global()
@Module({
  providers: [{ provide: CLOCK, useClass: SystemClock }],
  exports: [CLOCK],
})
export class ClockModule {}
