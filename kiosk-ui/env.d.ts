// Vite's client types: `import styles from './x.module.css'` and asset imports.
/// <reference types="vite/client" />
