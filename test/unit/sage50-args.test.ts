// The connector's command line (the contract in ARCHITECTURE.md §3).
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../connector/sage50/src/args.ts";

const base = ["--odbc", "DSN=SageLine50v29;UID=a;PWD=b", "--worker", "https://w.example/", "--key", "k1"];

describe("parseArgs", () => {
  it("reads the documented options", () => {
    expect(parseArgs([...base, "--once", "--state", "C:\\s.json"])).toEqual({
      kind: "run",
      options: {
        odbc: "DSN=SageLine50v29;UID=a;PWD=b",
        worker: "https://w.example",
        key: "k1",
        once: true,
        everyMinutes: 15,
        state: "C:\\s.json",
        check: false,
      },
    });
    expect(parseArgs([...base, "--every=5", "--check"])).toMatchObject({
      options: { everyMinutes: 5, check: true },
    });
  });

  it("takes the key from AGG_SAGE50_KEY when --key is absent", () => {
    expect(parseArgs(base.slice(0, 4), { AGG_SAGE50_KEY: "envkey" })).toMatchObject({
      options: { key: "envkey" },
    });
  });

  it("rejects what would go wrong later", () => {
    const err = (argv: string[]) => {
      const p = parseArgs(argv);
      return p.kind === "error" ? p.message : p.kind;
    };
    expect(err(base.slice(2))).toBe("--odbc is required");
    expect(err([...base, "--every", "0"])).toMatch(/--every/);
    expect(err([...base, "--once", "--every", "5"])).toMatch(/exclude/);
    expect(err([...base, "--frobnicate"])).toBe("unknown option --frobnicate");
    expect(err(["--odbc", "x", "--worker", "http://w.example", "--key", "k"])).toMatch(/https/);
    expect(err(["--odbc", "x", "--worker", "http://localhost:8787", "--key", "k"])).toBe("run");
    expect(err(["--help"])).toBe("help");
  });
});
