/**
 * @seg/adversarial — adversarial training schemes as seg `TrainStep`s (gambling networks, SegAN,
 * CE + adversarial, adversarial confidence learning, AAG weak supervision).
 *
 * Not released yet: this version exports nothing. The schemes land with their own issue; until
 * then use `supervisedStep` from @seg/train.
 */
export const ADVERSARIAL_METHODS: readonly string[] = [];
