import { useId, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { errorMessage } from '../errors.tsx';
import { todayIso } from '../timetable/dates.ts';
import { compressImage, MAX_IMAGE_INPUT_BYTES } from './compress.ts';
import { isDocumentType, MAX_DOCUMENT_BYTES, nextSchoolDay, readAsBase64, reasonName } from './format.ts';
import { useReasons, useSendJustification } from './queries.ts';
import type { DocumentBody, Half, JustificationBody, RecordEvent } from './types.ts';

/** Events of one day (`key`), described as "7 absences" (`what`) on "vendredi 20 novembre" (`when`), or an announcement. */
export type JustificationTarget =
  | { kind: 'events'; events: RecordEvent[]; what: string; when: string; key: string }
  | { kind: 'announcement' };

function HalfSelect({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: Half;
  onChange: (v: Half) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="native-select" value={value} onChange={(e) => onChange(e.currentTarget.value as Half)}>
        <option value="am">{t('attendance.form.half.am')}</option>
        <option value="pm">{t('attendance.form.half.pm')}</option>
      </select>
    </div>
  );
}

/**
 * A family justifies a recorded absence or lateness, or announces a future absence: motif, comment and an
 * optional document (read in the browser, sent as base64).
 */
export function JustificationDialog({
  pupilId,
  schoolId,
  target,
  onClose,
}: {
  pupilId: string;
  schoolId: string;
  target: JustificationTarget;
  onClose: (done: string | null) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const reasons = useReasons(schoolId, true);
  const send = useSendJustification(pupilId);
  const today = todayIso();
  // An absence is announced for a school day: on a weekend, the Monday after.
  const firstDay = nextSchoolDay(today);
  const [reasonId, setReasonId] = useState('');
  const [comment, setComment] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState('');
  const [from, setFrom] = useState(firstDay);
  const [fromHalf, setFromHalf] = useState<Half>('am');
  const [to, setTo] = useState(firstDay);
  const [toHalf, setToHalf] = useState<Half>('pm');
  const [reading, setReading] = useState(false);

  const isEvent = target.kind === 'events';
  const title = isEvent
    ? t('attendance.form.justifyTitle', { what: target.what, when: target.when })
    : t('attendance.form.announceTitle');

  const chooseFile = async (f: File | null) => {
    setFileError('');
    setFile(null);
    if (!f) return;
    if (!isDocumentType(f.type)) return setFileError(t('attendance.form.fileType'));
    const isImage = f.type !== 'application/pdf';
    if (f.size > (isImage ? MAX_IMAGE_INPUT_BYTES : MAX_DOCUMENT_BYTES)) {
      return setFileError(t('attendance.form.fileTooBig'));
    }
    let ready = f;
    if (isImage) {
      setReading(true);
      try {
        ready = await compressImage(f);
      } catch {
        return setFileError(t('attendance.form.fileUnreadable'));
      } finally {
        setReading(false);
      }
    }
    if (ready.size > MAX_DOCUMENT_BYTES) setFileError(t('attendance.form.fileTooBig'));
    else setFile(ready);
  };

  const submit = async () => {
    let document: DocumentBody | undefined;
    if (file && isDocumentType(file.type)) {
      setReading(true);
      try {
        document = { fileName: file.name, contentType: file.type, base64: await readAsBase64(file) };
      } catch {
        setFileError(t('attendance.form.fileUnreadable'));
        return;
      } finally {
        setReading(false);
      }
    }
    const body: JustificationBody = {
      pupilId,
      reasonId,
      comment: comment.trim(),
      ...(document ? { document } : {}),
      ...(isEvent ? { eventIds: target.events.map((e) => e.id) } : { announcement: { from, fromHalf, to, toHalf } }),
    };
    send.mutate(body, {
      onSuccess: () => onClose(isEvent ? t('attendance.family.sent') : t('attendance.family.announced')),
    });
  };

  const error =
    send.error instanceof ApiError && send.error.code === 'PERIOD_LOCKED'
      ? t('attendance.errors.PERIOD_LOCKED')
      : send.error
        ? errorMessage(t, send.error)
        : '';
  const busy = send.isPending || reading;

  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onClose(null)} className="modal">
      <Dialog className="dialog">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Heading slot="title">{title}</Heading>
          {!isEvent && (
            <>
              <div className="field">
                <label htmlFor={`${ids}-from`}>{t('attendance.form.from')}</label>
                <input
                  id={`${ids}-from`}
                  type="date"
                  required
                  min={today}
                  value={from}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setFrom(v);
                    if (v && to < v) setTo(v);
                  }}
                />
              </div>
              <HalfSelect
                id={`${ids}-from-half`}
                label={t('attendance.form.fromHalf')}
                value={fromHalf}
                onChange={setFromHalf}
              />
              <div className="field">
                <label htmlFor={`${ids}-to`}>{t('attendance.form.to')}</label>
                <input
                  id={`${ids}-to`}
                  type="date"
                  required
                  min={from}
                  value={to}
                  onChange={(e) => setTo(e.currentTarget.value)}
                />
              </div>
              <HalfSelect
                id={`${ids}-to-half`}
                label={t('attendance.form.toHalf')}
                value={toHalf}
                onChange={setToHalf}
              />
            </>
          )}
          <div className="field">
            <label htmlFor={`${ids}-reason`}>{t('attendance.form.reason')}</label>
            <select
              id={`${ids}-reason`}
              className="native-select"
              required
              value={reasonId}
              onChange={(e) => setReasonId(e.currentTarget.value)}
            >
              <option value="">{t('attendance.form.chooseReason')}</option>
              {(reasons.data ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {reasonName(t, r)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-comment`}>{t('attendance.form.comment')}</label>
            <textarea
              id={`${ids}-comment`}
              rows={3}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-file`}>{t('attendance.form.file')}</label>
            <input
              id={`${ids}-file`}
              type="file"
              accept="application/pdf,image/jpeg,image/png"
              aria-describedby={`${ids}-file-hint`}
              onChange={(e) => void chooseFile(e.currentTarget.files?.[0] ?? null)}
            />
            <p id={`${ids}-file-hint`} className="hint">
              {t('attendance.form.fileHint')}
            </p>
            {fileError && (
              <p className="field-error" role="alert">
                {fileError}
              </p>
            )}
          </div>
          {reasons.error && (
            <p className="alert alert-error" role="alert">
              {errorMessage(t, reasons.error)}
            </p>
          )}
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          <div className="toolbar">
            <Button className="button" onPress={() => onClose(null)}>
              {t('attendance.form.cancel')}
            </Button>
            <Button type="submit" className="button button-primary" isDisabled={busy || !reasonId || !!fileError}>
              {isEvent ? t('attendance.form.sendJustification') : t('attendance.form.sendAnnouncement')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}
