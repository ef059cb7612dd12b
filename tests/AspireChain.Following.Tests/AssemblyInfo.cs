// Every test class starts its own broker and services: run them one at a time so a loaded 2-core CI machine stays predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
