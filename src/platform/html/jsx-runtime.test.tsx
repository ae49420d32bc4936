import { describe, expect, test } from "bun:test";
import { escapeHtml, raw } from "./jsx-runtime";

describe("JSX runtime", () => {
  test("escapes text children and attribute values by default", () => {
    const hostile = `<script>alert("x")</script>`;
    const html = (
      <p title={hostile} data-x="a'b">
        {hostile}
      </p>
    ).html;
    expect(html).toBe(
      `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" data-x="a&#39;b">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>`,
    );
  });

  test("renders nested components, arrays, fragments and skips empty values", () => {
    const Item = ({ label }: { label: string }) => <li>{label}</li>;
    const html = (
      <>
        <ul>
          {["a&b", "c"].map((label) => (
            <Item label={label} />
          ))}
        </ul>
        {null}
        {false}
        {0}
        <input type="checkbox" checked={true} disabled={false} />
      </>
    ).html;
    expect(html).toBe(`<ul><li>a&amp;b</li><li>c</li></ul>0<input type="checkbox" checked>`);
  });

  test("only raw() emits markup unescaped", () => {
    expect((<div>{raw("<b>trusted</b>")}</div>).html).toBe("<div><b>trusted</b></div>");
    expect((<div>{"<b>untrusted</b>"}</div>).html).toBe("<div>&lt;b&gt;untrusted&lt;/b&gt;</div>");
  });

  test("refuses attribute names that could break out of the tag", () => {
    const props = { 'onload="x" a': "1" };
    expect(() => <div {...props} />).toThrow("Invalid attribute name");
  });

  test("escapeHtml covers the five significant characters", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
