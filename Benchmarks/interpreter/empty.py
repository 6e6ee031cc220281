# Start-up only: the time every other benchmark includes.
