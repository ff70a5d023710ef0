import { useId } from "react";
import {
  ACTION_WORDS,
  type ActionDraft,
  type ActionType,
  actionProblem,
  emptyAction,
} from "../lib/scene-actions";
import { FieldProblem } from "./form/FieldProblems";

const TYPES = Object.keys(ACTION_WORDS) as ActionType[];

interface Props {
  sceneNumber: number;
  actions: ActionDraft[];
  onChange: (actions: ActionDraft[]) => void;
  /** The action's path in the saved spec, where the API's and the merge-field check's problems are keyed. */
  specPath: (index: number) => string;
}

/**
 * The scene's actions, run one after another after the page opens: scroll, point at (hover), click,
 * highlight an element, or wait. Each is checked as it is typed; a problem is said under it.
 */
export function ActionsEditor({ sceneNumber, actions, onChange, specPath }: Props) {
  const update = (i: number, patch: Partial<ActionDraft>) =>
    onChange(actions.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  return (
    <fieldset className="actions">
      <legend>Actions of scene {sceneNumber}</legend>
      {actions.length === 0 && <p className="hint">No actions: the page is read from the top.</p>}
      <ol className="stack">
        {actions.map((action, i) => (
          <ActionRow
            // biome-ignore lint/suspicious/noArrayIndexKey: actions are identified by their position
            key={i}
            label={`Action ${i + 1} of scene ${sceneNumber}`}
            action={action}
            specPath={specPath(i)}
            onChange={(patch) => update(i, patch)}
            onRemove={() => onChange(actions.filter((_, j) => j !== i))}
          />
        ))}
      </ol>
      {actions.length < 50 && (
        <div className="row">
          {TYPES.map((type) => (
            <button
              key={type}
              type="button"
              className="btn secondary small"
              onClick={() => onChange([...actions, emptyAction(type)])}
              aria-label={`Add ${ACTION_WORDS[type].label.toLowerCase()} to scene ${sceneNumber}`}
            >
              + {ACTION_WORDS[type].label}
            </button>
          ))}
        </div>
      )}
    </fieldset>
  );
}

function ActionRow(props: {
  label: string;
  action: ActionDraft;
  specPath: string;
  onChange: (patch: Partial<ActionDraft>) => void;
  onRemove: () => void;
}) {
  const { label, action, specPath, onChange, onRemove } = props;
  const id = useId();
  const words = ACTION_WORDS[action.type];
  const problem = actionProblem(action);
  return (
    <li className="action-row" aria-label={label}>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-type`}>Action</label>
          <select
            id={`${id}-type`}
            value={action.type}
            onChange={(e) => {
              const type = e.currentTarget.value as ActionType;
              onChange({ ...emptyAction(type), seconds: action.seconds || emptyAction(type).seconds });
            }}
          >
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {ACTION_WORDS[t].label}
              </option>
            ))}
          </select>
        </div>
        {words.target && (
          <div className="field grow">
            <label htmlFor={`${id}-target`}>{words.target}</label>
            <input
              id={`${id}-target`}
              type="text"
              value={action.target}
              placeholder={words.placeholder}
              aria-invalid={problem !== null}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(e) => onChange({ target: e.currentTarget.value })}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-seconds`}>Seconds{action.type === "wait" ? "" : " (optional)"}</label>
          <input
            id={`${id}-seconds`}
            type="text"
            inputMode="decimal"
            size={5}
            value={action.seconds}
            aria-invalid={problem !== null}
            onChange={(e) => onChange({ seconds: e.currentTarget.value })}
          />
        </div>
        <button type="button" className="btn danger small" onClick={onRemove} aria-label={`Remove ${label}`}>
          Remove
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} className="error-text" role="alert">
          {problem}
        </p>
      )}
      <FieldProblem path={`${specPath}.selector`} />
      <FieldProblem path={`${specPath}.to`} />
    </li>
  );
}
