// GOV.UK Frontend's behaviour (error summary focus, radios' conditional reveals, header menu),
// started from a file rather than an inline script: the Content Security Policy allows no inline JS.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
