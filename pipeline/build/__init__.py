"""Stage 3: the build engine: find lessons, plan targets, skip what is up to date, run the
rest in a process pool, record the cache and the manifest, report as it goes."""
