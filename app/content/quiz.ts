import { type QuizQuestion } from './schemas'

export type QuestionResult = { id: string; chosen: number | null; correct: boolean }
export type QuizGrade = { results: QuestionResult[]; correct: number; total: number; percent: number; passed: boolean; unanswered: number[] }

// Pure, so the rule "a course quiz is passed at N %" lives in one place and
// is tested on its own. Unanswered questions count as wrong.
export function gradeQuiz(questions: QuizQuestion[], answers: Record<string, unknown>, passPercent: number): QuizGrade {
  const results = questions.map((question) => {
    const raw = answers[question.id]
    const chosen = typeof raw === 'string' && /^\d+$/.test(raw) && Number(raw) < question.choices.length ? Number(raw) : null
    return { id: question.id, chosen, correct: chosen === question.answer }
  })
  const correct = results.filter((result) => result.correct).length
  const total = questions.length
  const percent = total ? Math.round((correct / total) * 100) : 0
  const unanswered = results.flatMap((result, index) => (result.chosen === null ? [index + 1] : []))
  return { results, correct, total, percent, passed: percent >= passPercent, unanswered }
}
