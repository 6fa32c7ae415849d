// Stack buffers for hashes and keys are written before they are read; zeroing them would cost every key.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
