/** A table row's Edit and Delete, as every list of editable objects offers them (`testId`-edit / -delete). */
import { Button } from './button';

export function EditDeleteButtons(p: {
  testId: string;
  editLabel: string;
  deleteLabel: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <>
      <Button variant="ghost" onClick={p.onEdit} data-testid={`${p.testId}-edit`}>
        {p.editLabel}
      </Button>
      <Button variant="ghost" onClick={p.onDelete} data-testid={`${p.testId}-delete`}>
        {p.deleteLabel}
      </Button>
    </>
  );
}
