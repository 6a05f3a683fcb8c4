/**
 * The NATS JetStream layer of the `nats` connector (docs/nats.md): options, streams, the partitioning
 * rule, payload codecs, split readers and the exactly-once publisher. A connector registry wires these
 * into sources (splits = partitions, offsets = stream sequences) and sinks (committed output ranges).
 */
export { connectNats, type ConnectOptions, type NatsClients } from './connection.js';
export {
  ENGINE_OPTIONS, NATS_OPTIONS, NatsOptionError, checkNatsOptions, natsSplitIds, parseNatsOptions, subjectOf, subjectsOf,
  type NatsFormat, type NatsOptionKind, type NatsOptionSpec, type NatsSinkOptions, type NatsStorage, type NatsStreamOptions, type NatsTableOptions,
} from './options.js';
export {
  KEY_GROUPS, canonicalKeyText, keyGroupOf, keyGroupsOfPartition, keyGroupsOfWorker, murmur3, parseWorkerSlot,
  partitionOf, partitionOfKeyGroup, partitionsOfWorker, workerOfPartition, type WorkerSlot,
} from './partitioning.js';
export {
  encodePayload, makePayloadDecoder,
  type DecodedRow, type EncodedRow, type MessageLocation, type NatsReject, type NatsRejectReason, type PayloadDecoder, type PayloadDecoderOptions,
} from './payload.js';
export {
  NatsPublishError, planMessages, publishMessages,
  type CommittedOutputRow, type PlannedMessage, type PublisherOptions, type PublishLimits, type PublishReport,
} from './publisher.js';
export { SplitReader, type SplitMessage, type SplitReaderOptions } from './reader.js';
export { NatsStreamError, ensureStream, lastSequenceOf, streamConfigOf, subjectMatches, type EnsuredStream } from './stream.js';
export { NatsSource, type NatsSourceOptions, type NatsSplit, type SplitBatch } from './source.js';
export { NatsSink, type NatsSinkBinding } from './sink.js';
