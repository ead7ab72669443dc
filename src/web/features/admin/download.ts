import { apiBlob } from '../../api/client.ts';

/** Asks the server for a PDF (a POST may issue codes) and hands it to the browser as a download. */
export async function downloadPdf(method: 'GET' | 'POST', path: string, fileName: string): Promise<void> {
  const blob = await apiBlob(method, path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
