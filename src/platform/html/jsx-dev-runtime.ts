export type { JSX } from "./jsx-runtime";
export { Fragment, jsx, jsx as jsxDEV, jsxs } from "./jsx-runtime";
