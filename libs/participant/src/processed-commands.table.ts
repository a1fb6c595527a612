/** The command ledger's DDL as the participants' first domain migration has it, for tests that set it up alone. */
export {
  createProcessedCommandsTable,
  dropProcessedCommandsTable,
} from '../../../migrations/history/processed-commands-table';
