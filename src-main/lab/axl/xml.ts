import sax from 'sax'

/** A parsed XML element: local name (prefix dropped), attributes, children and text. */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
  /** Namespace URI of the element (resolved from its prefix). */
  uri: string
}

/** Parses a document strictly (namespaces resolved); throws with the parser's position on bad XML. */
export function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true, { xmlns: true, trim: false })
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  parser.onopentag = (tag) => {
    const qualified = tag as sax.QualifiedTag
    const attributes: Record<string, string> = {}
    for (const [key, attribute] of Object.entries(qualified.attributes)) {
      if (!key.startsWith('xmlns')) attributes[attribute.local || key] = attribute.value
    }
    const element: XmlElement = {
      name: qualified.local || qualified.name,
      attributes,
      children: [],
      text: '',
      uri: qualified.uri ?? ''
    }
    stack.at(-1)?.children.push(element)
    stack.push(element)
    root ??= element
  }
  parser.ontext = (value) => {
    const top = stack.at(-1)
    if (top) top.text += value
  }
  parser.oncdata = (value) => {
    const top = stack.at(-1)
    if (top) top.text += value
  }
  parser.onclosetag = () => {
    stack.pop()
  }
  parser.write(xml).close()
  if (!root) throw new Error('empty document')
  return root
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name)
}

export function escapeXml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c
  )
}
