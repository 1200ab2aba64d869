import { Component, Input } from '@angular/core';
import { DomSanitizer, SafeHtml } from '@angular/platform-browser';

@Component({ selector: 'app-note', template: '<div [innerHTML]="html"></div>' })
export class NoteComponent {
  @Input() body = '';
  html: SafeHtml = '';

  constructor(private readonly sanitizer: DomSanitizer) {}

  render(body: string): void {
    // ruleid: js-dom-xss
    this.html = this.sanitizer.bypassSecurityTrustHtml(body);
    // ok: js-dom-xss
    this.html = this.sanitizer.bypassSecurityTrustHtml('<b>fixed</b>');
  }
}
