import { installWriteFaults, type WriteFault } from './write-faults';

// Loaded with `tsx --import` into a real `flows` process: FLOWS_TEST_WRITE_FAULT=ENOSPC:checkpoint-0002[:skip].
const spec = process.env.FLOWS_TEST_WRITE_FAULT;
if (spec) {
  const [code, match, skip] = spec.split(':');
  installWriteFaults({ code: code as WriteFault['code'], match, skip: Number(skip ?? 0) });
}
