import { describe, expect, it } from "vitest";
import { getSubnet } from "./index.js";

describe("subnet registry", () => {
  it("finds the shipped subnets by name and refuses an unknown one, listing the known", () => {
    expect(getSubnet("ocr").name).toBe("ocr");
    expect(getSubnet("inference").name).toBe("inference");
    expect(() => getSubnet("toString")).toThrow(/unknown subnet "toString"; known: ocr, inference/);
  });
});
