/**
 * Headless execution of the IJava notebooks under {@code notebooks/}:
 * {@link io.naisrec.notebook.NotebookRunner} runs their code cells through the JDK's JShell API
 * and can write the outputs, images included, back into the {@code .ipynb} files.
 */
package io.naisrec.notebook;
