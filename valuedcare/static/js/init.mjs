// Start the NHS.UK design system's components on every page: the error summary takes focus, the
// character count starts counting, the header menu collapses on small screens, and so on.
// Loaded as <script type="module">, so it runs only in browsers the design system supports.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
