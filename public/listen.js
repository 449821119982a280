// "Nghe bài học": reads the lesson aloud with the browser's own speech
// synthesis, in Vietnamese only. No network, no library. Loaded with the
// page's CSP nonce; the lesson itself never needs JavaScript.
;(() => {
  const button = document.getElementById('listen')
  const status = document.getElementById('listen-status')
  const body = document.querySelector('.lesson-body')
  if (!button || !status || !body) return
  const say = (text) => {
    status.textContent = text
    status.hidden = false
  }
  if (!('speechSynthesis' in window) || typeof SpeechSynthesisUtterance === 'undefined') {
    say(status.dataset.noVoice)
    return
  }
  button.hidden = false
  const synth = window.speechSynthesis
  const findVoice = () => synth.getVoices().find((voice) => voice.lang.toLowerCase().replace('_', '-').startsWith('vi'))
  const waitForVoices = () =>
    new Promise((resolve) => {
      if (synth.getVoices().length) return resolve(findVoice())
      const done = () => resolve(findVoice())
      synth.addEventListener('voiceschanged', done, { once: true })
      setTimeout(done, 1500)
    })

  // Some engines stop after ~15 s of one utterance: read sentence groups.
  const chunks = (text) => {
    const sentences = text.replace(/\s+/g, ' ').split(/(?<=[.!?:])\s+/)
    const out = []
    let current = ''
    for (const sentence of sentences) {
      if ((current + ' ' + sentence).length > 200 && current) {
        out.push(current)
        current = sentence
      } else current = current ? current + ' ' + sentence : sentence
    }
    if (current) out.push(current)
    return out
  }

  let speaking = false
  const setSpeaking = (value) => {
    speaking = value
    button.textContent = value ? button.dataset.stop : button.dataset.listen
    button.setAttribute('aria-pressed', String(value))
  }

  button.addEventListener('click', async () => {
    if (speaking) {
      synth.cancel()
      setSpeaking(false)
      return
    }
    const voice = await waitForVoices()
    if (!voice) {
      say(status.dataset.noVoice)
      return
    }
    status.hidden = true
    const parts = chunks(body.innerText)
    setSpeaking(true)
    parts.forEach((part, index) => {
      const utterance = new SpeechSynthesisUtterance(part)
      utterance.voice = voice
      utterance.lang = voice.lang
      utterance.rate = 0.9
      if (index === parts.length - 1) utterance.onend = () => setSpeaking(false)
      utterance.onerror = () => setSpeaking(false)
      synth.speak(utterance)
    })
  })
})()
