// File › Back Up…: a consistent copy of the whole library (made while it is
// in use), to a file the user chooses in the native save dialog.
import * as api from './api.js';
import { guard, toast } from './toast.js';

export async function backUp() {
  const choice = await guard(() => api.chooseBackupFile());
  if (!choice) return;
  const size = await guard(() => api.backupLibrary(choice.token));
  if (size == null) return;
  const mb = size / (1024 * 1024);
  toast(`Backed up to ${choice.names[0] || 'the file you chose'} (${mb < 0.1 ? '< 0.1' : mb.toFixed(1)} MB)`);
}
