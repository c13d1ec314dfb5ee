// The case's diagram drawn by bpmn-js (the viewer the modellers use), with the case's progress
// as markers. The server says which elements are which in a data attribute (the Content Security
// Policy allows no inline script); without JavaScript the server-drawn SVG stays on the page.
const holder = document.querySelector('.app-diagram')
const data = JSON.parse(holder.dataset.marks)
const MARKERS = ['completed', 'active', 'fired', 'overdue']

async function show () {
  const response = await fetch(data.bpmn, { credentials: 'same-origin' })
  if (!response.ok) return
  const xml = await response.text()
  const canvasHolder = document.createElement('div')
  canvasHolder.className = 'app-bpmn-canvas'
  holder.after(canvasHolder)
  // eslint-disable-next-line no-undef
  const viewer = new BpmnJS({ container: canvasHolder })
  try {
    await viewer.importXML(xml)
  } catch (error) {
    canvasHolder.remove() // the server's drawing stays
    return
  }
  const canvas = viewer.get('canvas')
  const registry = viewer.get('elementRegistry')
  for (const kind of MARKERS) {
    for (const id of data[kind]) {
      if (registry.get(id)) canvas.addMarker(id, 'app-bpmn-' + kind)
    }
  }
  holder.hidden = true
  canvasHolder.dataset.ready = 'true'

  // The canvas's SVG takes focus (bpmn-js gives it tabindex 0): name it for screen readers.
  const svg = canvasHolder.querySelector('svg')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', data.label)

  canvas.zoom('fit-viewport', 'auto')
  centreOnCurrent(canvas, registry)

  // Arrow keys move the drawing (bpmn-js itself wants Ctrl as well); + and - zoom, 0 fits it.
  const STEP = 60
  const moves = { ArrowLeft: [STEP, 0], ArrowRight: [-STEP, 0], ArrowUp: [0, STEP], ArrowDown: [0, -STEP] }
  svg.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const zoom = { '+': 1.25, '=': 1.25, '-': 0.8 }[event.key]
    if (moves[event.key]) {
      const [dx, dy] = moves[event.key]
      canvas.scroll({ dx: event.shiftKey ? dx * 4 : dx, dy: event.shiftKey ? dy * 4 : dy })
    } else if (zoom) {
      canvas.zoom(canvas.zoom() * zoom)
    } else if (event.key === '0') {
      canvas.zoom('fit-viewport', 'auto')
    } else {
      return
    }
    event.preventDefault()
  })
}

// A wide pathway fitted to the page is too small to read: zoom to a readable scale around
// the current step instead, so the step the worker is at is in the middle of the view.
function centreOnCurrent (canvas, registry) {
  const current = data.active.map((id) => registry.get(id)).filter(Boolean)
  if (!current.length || canvas.zoom() >= 0.75) return
  const box = current[0]
  const viewbox = canvas.viewbox()
  const scale = 0.75
  const width = viewbox.outer.width / scale
  const height = viewbox.outer.height / scale
  canvas.viewbox({
    x: box.x + box.width / 2 - width / 2,
    y: box.y + box.height / 2 - height / 2,
    width,
    height
  })
}

show()
