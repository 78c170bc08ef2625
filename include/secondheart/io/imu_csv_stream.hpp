/// @file
/// A long IMU CSV analysed in constant memory: blocks of the file (io::ImuCsvChunkReader) are pushed
/// into one stream::FootImuStream per foot, and the strides they emit make the cycle table and its
/// summary. Memory: one block, the streams' windows, and the growing stride table (see
/// docs/long_files.md). Implemented in src/io/imu_csv_stream.cpp.
#pragma once

#include <string>
#include <vector>

#include "secondheart/core/quality.hpp"
#include "secondheart/core/table.hpp"
#include "secondheart/io/imu_readers.hpp"
#include "secondheart/metrics/summary.hpp"
#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/stream/window_stream.hpp"

namespace secondheart::io {

struct ImuCsvStreamOptions {
  Index block_rows = 4096;                      ///< samples read and pushed at a time
  Index probe_rows = ImuCsvChunkReader::default_probe_rows;
  pipeline::FootImuPipelineParams foot;         ///< the pipeline each stream runs on its window
  stream::StreamParams stream;                  ///< window, hop, guard (stream/window_stream.hpp)
};

/// What a file gives when streamed: the strides of every foot IMU, their summary, the flags.
struct StreamedImuFile {
  Session header;      ///< the file's recordings without samples (sides, rate, start), name, subject
  CycleTable cycles;   ///< every stride emitted, ordered by side then IC (sample indices of the file)
  std::vector<bool> warming_up;                 ///< per row: emitted while its stream was warming up
  std::vector<metrics::MetricSummary> summary;  ///< metrics::summarize(cycles)
  QualityFlags flags;                           ///< the streams' flags, in emission order
  Index samples = 0;                            ///< grid samples per sensor
  Index missing_samples = 0;                    ///< of which NaN because the file skipped them
};

/// Reads `path` (spec as read_imu_csv) block by block and streams each foot IMU; shank IMUs in the
/// spec are not streamed (a flag says so).
/// @throws as ImuCsvChunkReader; InvalidArgument when the spec has no foot IMU or on bad options.
StreamedImuFile analyze_imu_csv_streaming(const std::string& path, const ImuCsvSpec& spec,
                                          const ImuCsvStreamOptions& options = {});

}  // namespace secondheart::io
