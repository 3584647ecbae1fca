import { Injectable } from '@nestjs/common';
import { Views } from '../common/views';

/** The public pages' views (templates/pages/). */
@Injectable()
export class PageRenderer extends Views {
  readonly css = this.asset('plenary.css');

  constructor() {
    super('pages');
  }
}
