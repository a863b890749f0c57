"""Hold requests at the banks: their answers, their clocks, the next layer."""
