// Defaults of Element Plus components that the whole web app shares, set once before it mounts.
import { ElSelect } from 'element-plus/es'

// A select mounts its dropdown when first opened rather than with the page (every select, the
// pagination's page sizes included). Mounted with the page, each dropdown measured its select's
// width while the page was still being laid out: about 30 ms of opening a list with its filters
// (BENCHMARKS.md, "Another machine, huge pages, list pages").
ElSelect.props.persistent.default = false
