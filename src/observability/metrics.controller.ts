import { CanActivate, Controller, ExecutionContext, ForbiddenException, Get, Inject, Injectable, NotFoundException, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Public } from '../identity/public.decorator';
import { metricsAccess } from './metrics-access';

/** Lets through only a bearer METRICS_TOKEN (metrics-access.ts); the user tokens of the API are not accepted. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    switch (metricsAccess(req.headers.authorization, this.config.observability.metricsToken)) {
      case 200:
        return true;
      case 401:
        throw new UnauthorizedException('Metrics need Authorization: Bearer <METRICS_TOKEN>');
      case 403:
        throw new ForbiddenException('Wrong metrics token');
      case 404:
        throw new NotFoundException('Metrics are off (METRICS_TOKEN is not set)');
    }
  }
}

/** GET /metrics, Prometheus text format (prom-client's default registry, through @willsoto/nestjs-prometheus). */
@Public()
@UseGuards(MetricsTokenGuard)
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: unknown): Promise<string> {
    return super.index(response);
  }
}
