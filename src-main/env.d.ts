// Vite's `?raw` imports (used for the authored AXL WSDL, bundled into the main process).
declare module '*?raw' {
  const text: string
  export default text
}
