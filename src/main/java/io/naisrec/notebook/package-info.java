/**
 * Java notebooks: {@link io.naisrec.notebook.NotebookRunner} runs the code cells of the
 * notebooks under {@code notebooks/} headlessly through the JDK's JShell API
 * ({@link io.naisrec.notebook.JShellSession}) and can write the outputs, images included, back
 * into the {@code .ipynb} files; {@link io.naisrec.notebook.NaisKernel} is nais's Jupyter kernel
 * around the same session, which {@code nais kernel install} registers with Jupyter.
 */
package io.naisrec.notebook;
