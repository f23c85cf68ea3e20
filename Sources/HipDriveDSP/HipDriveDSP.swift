// Module HipDriveDSP: see Package.swift for its place in the pipeline.
