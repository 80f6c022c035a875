"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { INVOICE_FILE_MAX_BYTES, INVOICE_FILE_TYPES, INVOICE_FILES_PER_DROP, type InvoiceFileType } from "@/common/invoices";
import { Alert } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read"));
    reader.readAsDataURL(file);
  });

/** The person is told at once what the server would refuse anyway: wrong type, too large, too many. */
function refusalOf(file: File): string | null {
  if (!(INVOICE_FILE_TYPES as readonly string[]).includes(file.type)) return `${file.name} is not a PDF, JPEG, PNG or TIFF file.`;
  if (file.size > INVOICE_FILE_MAX_BYTES) return `${file.name} is larger than ${INVOICE_FILE_MAX_BYTES / 1024 / 1024} MB; scan it at a lower resolution.`;
  if (file.size === 0) return `${file.name} is empty.`;
  return null;
}

/** Upload supplier invoice files, by picking or dropping them: on one order, or on the invoices page to be linked by PO number. */
export function InvoiceUpload({ supplierOrderId, compact = false }: { supplierOrderId?: string; compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [problems, setProblems] = useState<string[]>([]);
  const [sent, setSent] = useState<string[]>([]);
  const [over, setOver] = useState(false);
  const upload = useMutation(trpc.invoices.upload.mutationOptions());

  const send = async (files: File[]) => {
    const refused: string[] = [];
    const done: string[] = [];
    if (files.length > INVOICE_FILES_PER_DROP) refused.push(`At most ${INVOICE_FILES_PER_DROP} files at a time; the first ${INVOICE_FILES_PER_DROP} are sent.`);
    for (const file of files.slice(0, INVOICE_FILES_PER_DROP)) {
      const refusal = refusalOf(file);
      if (refusal) {
        refused.push(refusal);
        continue;
      }
      try {
        await upload.mutateAsync({ supplierOrderId, filename: file.name, contentType: file.type as InvoiceFileType, dataBase64: await readBase64(file) });
        done.push(file.name);
      } catch (error) {
        refused.push(`${file.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    setProblems(refused);
    setSent(done);
    await queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
  };

  return (
    <div
      className={`rounded-md border-2 border-dashed p-3 text-sm ${over ? "border-blue-500 bg-blue-50" : "border-slate-300"}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void send([...e.dataTransfer.files]);
      }}
      data-testid="invoice-upload"
    >
      <label htmlFor={inputId} className="font-medium">
        {compact ? "Upload the supplier's invoice" : "Upload supplier invoices"}
      </label>
      <p className="text-slate-600">
        PDF, JPEG, PNG or TIFF{compact ? "" : `; drop up to ${INVOICE_FILES_PER_DROP} here`}. Hypatos reads each one and the portal links it to its order.
      </p>
      <input
        id={inputId}
        type="file"
        className="mt-2 block w-full text-sm"
        accept={INVOICE_FILE_TYPES.join(",")}
        multiple={!compact}
        disabled={upload.isPending}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = "";
          void send(files);
        }}
      />
      {upload.isPending ? <p className="mt-2 text-slate-600">Uploading…</p> : null}
      {sent.length ? (
        <p className="mt-2 text-green-800" role="status">
          Uploaded {sent.join(", ")}. Hypatos is reading {sent.length === 1 ? "it" : "them"}.
        </p>
      ) : null}
      {problems.length ? (
        <div className="mt-2">
          <Alert>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        </div>
      ) : null}
    </div>
  );
}
