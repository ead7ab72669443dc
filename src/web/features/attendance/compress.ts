/**
 * Phone photos are 2–5 MB (12 megapixels and more): a justification needs the text to be legible, not the full
 * sensor. Images are scaled down to at most MAX_SIDE pixels on their longer side and re-encoded as JPEG in the
 * browser (createImageBitmap + canvas) before they are sent; PDFs are sent as they are.
 */
const MAX_SIDE = 2000;
const QUALITY = 0.8;
/** Below this size and MAX_SIDE an image is sent untouched. */
const SMALL_ENOUGH = 1024 * 1024;
/** The largest photo read at all (decoding a bigger one could exhaust a phone's memory). */
export const MAX_IMAGE_INPUT_BYTES = 30 * 1024 * 1024;

const jpegName = (name: string) => `${name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;

export async function compressImage(file: File): Promise<File> {
  if (file.type !== 'image/jpeg' && file.type !== 'image/png') return file;
  // Rotated as the camera says (EXIF orientation), which is also what drawing it will keep.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= SMALL_ENOUGH) return file;
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    // A PNG's transparent parts would turn black in a JPEG.
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob || (scale === 1 && blob.size >= file.size)) return file;
    return new File([blob], jpegName(file.name), { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}
