// Module HipDriveAudio: see Package.swift for its place in the pipeline.
//
// Audio files through libsndfile: `AudioFileReader` (any format libsndfile opens, read block by
// block, mixed to mono on request) and `AudioFileWriter` (WAV and FLAC from Float or Double
// samples). Every libsndfile failure becomes an `AudioFileError` carrying libsndfile's message
// and the file's name. Samples are Float, full scale ±1: audio files hold at most 24-bit
// integers (or 32-bit floats), which a Float carries exactly, at half the memory of Double.
