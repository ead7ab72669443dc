/** fontkit ships no types: the little of it that lib/pdf.ts uses (pdfkit takes the font object as is). */
declare module 'fontkit' {
  export interface Font {
    layout(text: string): unknown;
    postscriptName: string;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
