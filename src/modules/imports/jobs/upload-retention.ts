// Stored uploads are kept for a while, not forever: a preview's (dry run's) file for
// IMPORT_PREVIEW_KEEP_HOURS so it can be applied without a second upload, any other import's for
// IMPORT_UPLOAD_KEEP_DAYS so its rejected rows can be downloaded. Reads enforce those times
// themselves (409 for apply, 410 for rejected.csv), so this sweep only frees the space: at start
// and every RETENTION_EVERY_MS, in every worker (rows another worker is sweeping are skipped).
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ImportsService } from '../imports.service';

const RETENTION_EVERY_MS = 15 * 60 * 1000;

@Injectable()
export class UploadRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UploadRetention');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly imports: ImportsService) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), RETENTION_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns how many stored uploads were deleted. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const deleted = await this.imports.deleteExpiredUploads();
      if (deleted > 0) this.logger.log(`deleted ${deleted} expired stored upload(s)`);
      return deleted;
    } catch (err) {
      this.logger.warn(`upload retention skipped: ${err instanceof Error ? err.name : 'error'}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
