// The admin modeller: bpmn-js's modeller on a deployed version. Each change is checked on the
// server with the project's own check (the one an upload runs, bpmnlint included) and the
// problems listed beside the canvas; "Deploy" posts the edited XML to the upload route as a file.
const holder = document.getElementById('modeller-canvas')
const data = JSON.parse(holder.dataset.modeller) // in a data attribute: the CSP runs no inline script
const status = document.getElementById('modeller-status')
const list = document.getElementById('modeller-problems')
const form = document.getElementById('modeller-deploy')
const CHECK_DELAY_MS = 800

// eslint-disable-next-line no-undef
const modeler = new BpmnJS({ container: holder })
let marked = []
let timer = null
let latest = 0

async function currentXml () {
  const { xml } = await modeler.saveXML({ format: true })
  return xml
}

function show (problems, notes) {
  const canvas = modeler.get('canvas')
  const registry = modeler.get('elementRegistry')
  for (const id of marked) if (registry.get(id)) canvas.removeMarker(id, 'app-problem')
  marked = []
  list.replaceChildren()
  status.textContent = problems.length
    ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: it would not deploy.`
    : 'No problems: it can be deployed.'
  for (const problem of problems) {
    const item = document.createElement('li')
    item.className = 'problem'
    item.dataset.elementId = problem.element_id || ''
    const where = document.createElement('strong')
    where.textContent = problem.line ? `Line ${problem.line}` : problem.file
    if (problem.element_id) where.textContent += ` · ${problem.element_id}`
    const message = document.createElement('p')
    message.className = 'govuk-body'
    message.textContent = problem.message + '.'
    const fix = document.createElement('p')
    fix.className = 'govuk-hint'
    fix.textContent = 'Fix: ' + problem.fix + '.'
    item.append(where, message, fix)
    if (problem.element_id && registry.get(problem.element_id)) {
      canvas.addMarker(problem.element_id, 'app-problem')
      marked.push(problem.element_id)
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'govuk-button govuk-button--secondary app-problem-show'
      button.textContent = 'Show'
      button.setAttribute('aria-label', `Show ${problem.element_id} on the diagram`)
      button.addEventListener('click', () => {
        const element = registry.get(problem.element_id)
        if (!element) return
        modeler.get('selection').select(element)
        canvas.scrollToElement(element)
        canvas.focus()
      })
      item.append(button)
    }
    list.append(item)
  }
  for (const note of notes) {
    const item = document.createElement('li')
    item.className = 'app-muted'
    item.textContent = 'Note: ' + note + '.'
    list.append(item)
  }
}

async function check () {
  const asked = ++latest
  status.textContent = 'Checking…'
  const response = await fetch(data.check, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/xml', 'X-CSRFToken': holder.dataset.csrf },
    body: await currentXml()
  })
  if (asked !== latest) return // a later change is being checked
  if (!response.ok) {
    status.textContent = 'The check could not run; deploying will still check the diagram.'
    return
  }
  const result = await response.json()
  show(result.problems, result.notes)
}

function checkSoon () {
  clearTimeout(timer)
  timer = setTimeout(check, CHECK_DELAY_MS)
}

async function open () {
  const response = await fetch(data.bpmn, { credentials: 'same-origin' })
  await modeler.importXML(await response.text())
  const svg = holder.querySelector('svg')
  svg.setAttribute('role', 'application')
  svg.setAttribute('aria-label', `Diagram editor for ${data.filename}`)
  modeler.get('canvas').zoom('fit-viewport')
  modeler.on('commandStack.changed', checkSoon)
  holder.dataset.ready = 'true'
  await check()
}

if (form) {
  form.addEventListener('submit', async (event) => {
    if (form.dataset.filled === 'true') return
    event.preventDefault()
    // The edited XML becomes the form's file, so the upload route sees what a desktop upload sends.
    const file = new File([await currentXml()], data.filename, { type: 'application/xml' })
    const files = new DataTransfer()
    files.items.add(file)
    document.getElementById('modeller-file').files = files.files
    form.dataset.filled = 'true'
    form.submit()
  })
}

open()
