/**
 * Opt-in tuning of the process a model runs in, for the command line, notebooks, servers and
 * Spark executors alike: {@link io.naisrec.runtime.NativeAllocator} (glibc's malloc, where
 * PyTorch keeps its tensors: arenas, reuse threshold, trims when the kept free memory grows and
 * periodically; its statistics as {@link io.naisrec.runtime.MallocStatistics}),
 * {@link io.naisrec.runtime.PreloadedAllocator} (a command run again in a child JVM with
 * tcmalloc preloaded, which dies with its parent),
 * {@link io.naisrec.runtime.HeapSizing} (the JVM heap kept near what it holds),
 * {@link io.naisrec.runtime.FloatingPointMode} (denormal floats flushed to zero on the model's
 * thread), {@link io.naisrec.runtime.EngineThreads} (PyTorch's operator threads and OpenMP's
 * wait policy, chosen per {@link io.naisrec.runtime.Workload} before the engine starts),
 * {@link io.naisrec.runtime.EngineLogging} (DJL's INFO lines and CUDA probe kept quiet),
 * {@link io.naisrec.runtime.ProcessMemory} (heap and resident-set readings) and
 * {@link io.naisrec.runtime.BusyLoop} (a busy co-tenant for benchmarks). Each
 * call changes only the calling process (or thread), and does nothing where the platform does
 * not support it. Depends on nothing else in nais.
 */
package io.naisrec.runtime;
