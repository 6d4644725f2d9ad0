// Layout checks for e2e tests: finds what is wider than the box that holds it, so a page at 1280×720
// is checked programmatically instead of by eye.
import { expect, type Page } from '@playwright/test'

// The page's DOM as far as the probe below uses it: the e2e project compiles without the DOM library,
// and these declarations only type the function that runs in the browser.
interface ProbeRect {
  left: number
  right: number
  width: number
  height: number
}
interface ProbeElement {
  id: string
  tagName: string
  classList: Iterable<string>
  textContent: string | null
  parentElement: ProbeElement | null
  children: Iterable<ProbeElement>
  clientWidth: number
  scrollWidth: number
  /** Table cells only. */
  cellIndex?: number
  getAttribute(name: string): string | null
  getBoundingClientRect(): ProbeRect
  querySelector(selector: string): ProbeElement | null
  querySelectorAll(selector: string): Iterable<ProbeElement>
  closest(selector: string): ProbeElement | null
}
interface ProbeStyle {
  display: string
  visibility: string
  position: string
  clipPath: string
  clip: string
  overflowX: string
  textOverflow: string
  textAlign: string
}
declare const document: {
  documentElement: ProbeElement
  querySelector(selector: string): ProbeElement | null
  elementFromPoint(x: number, y: number): ProbeElement | null
}
declare function getComputedStyle(element: ProbeElement): ProbeStyle

export interface Overflow {
  /** The element that overflows, e.g. `select#r1 "Lab AD"`. */
  element: string
  /** The box it overflows: its parent, or the viewport. */
  container: string
  /** How far past the container's right (or left) edge it reaches, in CSS pixels. */
  pixels: number
}

export interface SidewaysScroller {
  element: string
  clientWidth: number
  scrollWidth: number
}

export interface LayoutReport {
  /** Elements reaching past a parent that does not clip them, or past the viewport. */
  overflows: Overflow[]
  /** Boxes whose content is wider than they are, so part of it is only seen by scrolling sideways. */
  sidewaysScrollers: SidewaysScroller[]
}

/**
 * Walks the visible DOM under `root` (default: the whole page) and reports every element wider than its
 * container: one that reaches past its parent while that parent lets it spill (overflow visible), one
 * past the viewport, and every box that has to scroll sideways to show its content. Sub-pixel rounding
 * (1 px) is not counted. Visually hidden elements (screen-reader text) are skipped.
 */
export async function layoutReport(page: Page, root = 'body'): Promise<LayoutReport> {
  return page.evaluate((rootSelector) => {
    const TOLERANCE = 1
    const describe = (element: ProbeElement): string => {
      const id = element.id ? `#${element.id}` : ''
      const classes = [...element.classList].map((c) => `.${c}`).join('')
      const label =
        element.getAttribute('aria-label') ??
        (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      return `${element.tagName.toLowerCase()}${id}${classes}${label ? ` "${label}"` : ''}`
    }
    const hidden = (element: ProbeElement): boolean => {
      const style = getComputedStyle(element)
      if (style.display === 'none' || style.visibility === 'hidden') return true
      // The visually-hidden pattern: a 1 px clipped box for screen readers.
      return style.position === 'absolute' && (style.clipPath.startsWith('inset') || style.clip !== 'auto')
    }
    const clips = (element: ProbeElement): boolean => getComputedStyle(element).overflowX !== 'visible'
    const layoutParent = (element: ProbeElement): ProbeElement | null => {
      let parent = element.parentElement
      while (parent && getComputedStyle(parent).display === 'contents') parent = parent.parentElement
      return parent
    }

    const overflows: { element: string; container: string; pixels: number }[] = []
    const sidewaysScrollers: { element: string; clientWidth: number; scrollWidth: number }[] = []
    const rootElement = document.querySelector(rootSelector)
    if (!rootElement) throw new Error(`layoutReport: nothing matches ${rootSelector}`)
    const viewport = document.documentElement.clientWidth

    const walk = (element: ProbeElement): void => {
      if (hidden(element)) return
      const rect = element.getBoundingClientRect()
      if (rect.width > 0 && rect.height > 0) {
        const style = getComputedStyle(element)
        // A fixed box is placed against the viewport, not its parent.
        const parent = style.position === 'fixed' ? null : layoutParent(element)
        if (parent && !clips(parent) && parent !== document.documentElement) {
          const box = parent.getBoundingClientRect()
          const past = Math.max(rect.right - box.right, box.left - rect.left)
          if (past > TOLERANCE)
            overflows.push({
              element: describe(element),
              container: describe(parent),
              pixels: Math.round(past)
            })
        }
        // Only the outermost box past the viewport: its contents go with it.
        const pastViewport = Math.max(rect.right - viewport, -rect.left)
        const parentPast = parent ? parent.getBoundingClientRect().right - viewport > TOLERANCE : false
        if (pastViewport > TOLERANCE && !parentPast && !(parent && clips(parent)))
          overflows.push({
            element: describe(element),
            container: 'viewport',
            pixels: Math.round(pastViewport)
          })
        // Text cut with an ellipsis is shortened on purpose (its full text is a title or a detail away).
        const ellipsis = style.textOverflow === 'ellipsis'
        if (clips(element) && !ellipsis && element.scrollWidth - element.clientWidth > TOLERANCE)
          sidewaysScrollers.push({
            element: describe(element),
            clientWidth: element.clientWidth,
            scrollWidth: element.scrollWidth
          })
      }
      for (const child of element.children) walk(child)
    }
    walk(rootElement)
    return { overflows, sidewaysScrollers }
  }, root)
}

/**
 * Fails with the offending elements when anything under `root` is wider than its container or scrolls
 * sideways. `allowSideways` names the classes of boxes meant to scroll sideways (e.g. a log viewer).
 */
export async function expectNoOverflow(
  page: Page,
  root = 'body',
  options: { allowSideways?: string[] } = {}
): Promise<void> {
  const report = await layoutReport(page, root)
  const allowed = options.allowSideways ?? []
  const scrollers = report.sidewaysScrollers.filter(
    (s) => !allowed.some((name) => s.element.split(' ')[0].split('.').includes(name))
  )
  expect({ overflows: report.overflows, sidewaysScrollers: scrollers }, `layout under ${root}`).toEqual({
    overflows: [],
    sidewaysScrollers: []
  })
}

/**
 * Columns of right-aligned numbers (cells with class num) whose header is not right-aligned too, by
 * header text; a header on the left over numbers on the right reads as the neighbouring column's.
 */
export async function misalignedNumberHeaders(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate((rootSelector) => {
    const scope = document.querySelector(rootSelector)
    if (!scope) throw new Error(`misalignedNumberHeaders: nothing matches ${rootSelector}`)
    const found = new Set<string>()
    for (const cell of scope.querySelectorAll('tbody td.num')) {
      const headerRow = cell.closest('table')?.querySelector('thead tr')
      const header = headerRow ? [...headerRow.children][cell.cellIndex ?? -1] : undefined
      if (header && getComputedStyle(header).textAlign !== 'right')
        found.add((header.textContent ?? '').trim())
    }
    return [...found]
  }, root)
}

/** Whether something else (a dialog's backdrop) is drawn over the middle of the first match of `selector`. */
export async function isCovered(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox()
  if (!box) throw new Error(`isCovered: ${selector} is not on screen`)
  return page.evaluate(({ x, y, target }) => document.elementFromPoint(x, y)?.closest(target) === null, {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
    target: selector
  })
}
