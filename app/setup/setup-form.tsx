"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { errorElsewhere, errorFor, TextField, TimeZoneField } from "@/app/_components/forms";
import { Alert, Button } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { PASSWORD_MIN_LENGTH } from "@/server/domain/password-rules";

const FIELDS = ["companyName", "currency", "timeZone", "adminName", "adminEmail", "password", "setupCode"] as const;

/** The browser's own zone is the likely answer; the admin can change it later in the company settings. */
function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function SetupForm() {
  const trpc = useTRPC();
  const [values, setValues] = useState({
    companyName: "",
    currency: "USD",
    timeZone: browserTimeZone(),
    adminName: "",
    adminEmail: "",
    password: "",
    setupCode: "",
  });
  const [signInFailed, setSignInFailed] = useState(false);
  const create = useMutation(
    trpc.setup.createCompany.mutationOptions({
      onSuccess: async ({ email }) => {
        const result = await signIn("credentials", { email, password: values.password, redirect: false });
        if (!result || result.error) {
          setSignInFailed(true);
          return;
        }
        window.location.assign("/admin");
      },
    }),
  );
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  return (
    <form
      className="mt-6 space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(values);
      }}
    >
      <TextField
        label="Company name"
        value={values.companyName}
        onChange={set("companyName")}
        autoComplete="organization"
        error={errorFor(create.error, "companyName")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Currency"
          value={values.currency}
          onChange={set("currency")}
          maxLength={3}
          autoCapitalize="characters"
          hint="Three letters, e.g. USD or EUR: what requisitions and budgets are kept in."
          error={errorFor(create.error, "currency")}
        />
        <TimeZoneField value={values.timeZone} onChange={(timeZone) => setValues((v) => ({ ...v, timeZone }))} error={errorFor(create.error, "timeZone")} />
      </div>
      <TextField label="Your name" value={values.adminName} onChange={set("adminName")} autoComplete="name" error={errorFor(create.error, "adminName")} />
      <TextField
        label="Your work email"
        type="email"
        value={values.adminEmail}
        onChange={set("adminEmail")}
        autoComplete="username"
        error={errorFor(create.error, "adminEmail")}
      />
      <TextField
        label="Password"
        type="password"
        value={values.password}
        onChange={set("password")}
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; a few words you will remember work well.`}
        error={errorFor(create.error, "password")}
      />
      <TextField
        label="Setup code"
        value={values.setupCode}
        onChange={set("setupCode")}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        hint="Printed where the portal was started, on the line that says “first run”. It shows you installed this portal."
        error={errorFor(create.error, "setupCode")}
      />
      <p className="text-sm text-slate-600">You will be the company&apos;s admin, and a buyer and an approver too, until you invite others.</p>
      {errorElsewhere(create.error, FIELDS) ? <Alert>{errorElsewhere(create.error, FIELDS)}</Alert> : null}
      {signInFailed ? (
        <Alert tone="amber">
          The company is set up, but signing you in did not work.{" "}
          <a className="underline" href="/login">
            Sign in
          </a>{" "}
          with the email and password you chose.
        </Alert>
      ) : null}
      <Button type="submit" className="w-full" disabled={create.isPending || create.isSuccess}>
        {create.isPending ? "Setting up…" : "Create the company"}
      </Button>
    </form>
  );
}
